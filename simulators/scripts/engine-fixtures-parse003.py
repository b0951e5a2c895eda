import json,re,sys
text=open(sys.argv[1],encoding='utf-8').read()
parts=re.split(r'请求路径：\s*', text)[1:]
def raw_block(s, marker, stop):
    i=s.find(marker)
    if i<0: return None
    j=min([x for x in (s.find('{',i), s.find('[',i)) if x>=0])
    depth=0; ins=False; esc=False
    end=s.find(stop, j) if stop else -1
    for p in range(j,len(s)):
        if end>=0 and p>=end: break
        c=s[p]
        if ins:
            if esc: esc=False
            elif c=='\\': esc=True
            elif c=='"': ins=False
            elif c=='\n': ins=False   # a string never spans lines in the seed
            continue
        if c=='"': ins=True
        elif c in '{[': depth+=1
        elif c in '}]':
            depth-=1
            if depth==0: return s[j:p+1]
    # unbalanced: take up to the stop marker / blank line and close it
    chunk=s[j:end if end>=0 else len(s)]
    chunk=re.split(r'\n\s*\n', chunk)[0].rstrip()
    return chunk + '\n}'*max(1,chunk.count('{')-chunk.count('}'))
def repair(raw):
    steps=[]
    def attempt(r):
        try: return json.loads(r)
        except Exception: return None
    v=attempt(raw)
    if v is not None: return v, steps
    r=raw
    fixes=[
     ('curly quotes', lambda r: r.replace('“','"').replace('”','"')),
     ('junk after data', lambda r: re.sub(r'\}"__SERVER_ROUTE_MODULE": *"[a-z]+",', '}', r)),
     ('escaped object', lambda r: re.sub(r'(:\s*)(\{\\".*?\})(\s*\n)', lambda m: m.group(1)+m.group(2).replace('\\"','"')+m.group(3), r)),
     ('windows path escapes', lambda r: re.sub(r'(?<!\\)\\(?=[a-zA-Z])', r'\\\\', r)),
     ('missing commas', lambda r: re.sub(r'("|\d|true|false|null|\})[ \t]*\n(\s*")', r'\1,\n\2', r)),
     ('trailing commas', lambda r: re.sub(r',(\s*[}\]])', r'\1', r)),
     ('extra closing brace', lambda r: r.rstrip()[:-1]),
    ]
    for name,f in fixes:
        r2=f(r)
        if r2!=r: steps.append(name); r=r2
        v=attempt(r)
        if v is not None: return v, steps
    return None, steps+['FAILED: '+r[:300]]
out=[]
for part in parts:
    name=part.split('\n',1)[0].strip()
    rq=raw_block(part,'请求示例','请求响应'); rs=raw_block(part,'响应示例',None)
    req,s1=repair(rq) if rq else (None,['no request'])
    resp,s2=repair(rs) if rs else (None,['no response'])
    m=re.search(r'"__SERVER_ROUTE_MODULE"\s*:\s*"(\w+)"', rq or ''); mod=m.group(1) if m else None
    m=re.search(r'"__SERVER_ROUTE_METHOD"\s*:\s*"(\w+)"', rq or ''); meth=m.group(1) if m else None
    e=dict(heading=name,module=mod,method=meth,request=req,response=resp)
    notes=[]
    if s1: notes.append('request repaired: '+', '.join(s1))
    if s2: notes.append('response repaired: '+', '.join(s2))
    if meth!=name: notes.append('the example names method %s under the heading %s'%(meth,name))
    if notes: e['notes']=notes; print(name, mod, meth, notes, file=sys.stderr)
    out.append(e)
json.dump(out, open(sys.argv[2],'w',encoding='utf-8'), ensure_ascii=False, indent=1)
# required top-level request fields, from each method's request table (名称 类型 必填 描述)
def required_fields(part):
    i=part.find('请求体'); j=part.find('请求示例')
    if i<0 or j<0 or j<i: return []
    req=[]
    for block in re.split(r'\n\s*\n', part[i:j]):
        lines=[l.strip() for l in block.strip('\n').split('\n') if l.strip()]
        if len(lines)>=3 and lines[2] in ('是','否') and not lines[0].startswith('∟') and lines[0] not in ('名称',):
            if lines[2]=='是' and not lines[0].startswith('__SERVER_ROUTE'): req.append(lines[0])
    return req
for e,part in zip(out,parts):
    e['required']=required_fields(part)
json.dump(out, open(sys.argv[2],'w',encoding='utf-8'), ensure_ascii=False, indent=1)
