import sys; sys.path.insert(0,'/tmp/hbcap')
from pcap import packets
def lit(b, indent='    '):
    out=[];cur=''
    for x in b:
        c=chr(x)
        if x==10: cur+='\\n'; out.append(cur); cur=''; continue
        if 32<=x<127 and c not in '"\\?': cur+=c
        else: cur+='\\%03o'%x
        if len(cur)>90: out.append(cur); cur=''
    if cur: out.append(cur)
    return '\n'.join(indent+'"'+s+'"' for s in out)
def serial_frames(fn, d):
    data=b''; cur=None
    for line in open(fn):
        if line.startswith(('>','<')): cur=line[0]
        elif cur==d and line.strip(): data+=bytes.fromhex(line.strip())
    fr=[]; i=0
    while True:
        s=data.find(b'>>>\n',i); e=data.find(b'<<<\n',s)
        if s<0 or e<0: break
        fr.append(data[s:e+4]); i=e+4
    return fr
if __name__=='__main__':
    kind=sys.argv[1]
    if kind=='pcap':
        pk=list(packets(sys.argv[2]))
        for i in map(int,sys.argv[3:]):
            print('// packet',i,'from',pk[i][1],len(pk[i][5]),'bytes'); print(lit(pk[i][5]))
    else:
        fr=serial_frames(sys.argv[2],sys.argv[3])
        for i in map(int,sys.argv[4:]):
            print('// frame',i,len(fr[i]),'bytes'); print(lit(fr[i]))
