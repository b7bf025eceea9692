import struct,sys
def packets(fn):
    d=open(fn,'rb').read()
    magic=struct.unpack('<I',d[:4])[0]
    off=24; lt=struct.unpack('<I',d[20:24])[0]
    while off<len(d):
        ts,us,incl,orig=struct.unpack('<IIII',d[off:off+16]); off+=16
        frame=d[off:off+incl]; off+=incl
        # ethernet
        if lt==1: ip=frame[14:]
        else: ip=frame
        ihl=(ip[0]&15)*4
        src='.'.join(map(str,ip[12:16])); dst='.'.join(map(str,ip[16:20]))
        udp=ip[ihl:]; sp,dp,ul=struct.unpack('>HHH',udp[:6])
        yield ts+us/1e6,src,dst,sp,dp,udp[8:ul]
if __name__=='__main__':
    for i,(t,s,d,sp,dp,p) in enumerate(packets(sys.argv[1])):
        print(i,s,sp,d,dp,len(p),repr(p[:400]))
