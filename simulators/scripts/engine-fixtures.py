# Regenerates the engine simulators' fixtures from the seeds: python3 simulators/scripts/engine-fixtures.py SEEDS_DIR
# (seed 002 -> linews/commands.json, 003 -> imhttp/methods.json, 004 -> chat68/samples.json).
import json,re,sys,glob,os,subprocess,tempfile
SEEDS=sys.argv[1] if len(sys.argv)>1 else '/work/shared/seeds'
HERE=os.path.dirname(os.path.abspath(__file__))
R=os.path.join(HERE,'..','src','main','resources','fixtures')+'/'
IM=tempfile.mktemp(suffix='.json')
subprocess.run([sys.executable,os.path.join(HERE,'engine-fixtures-parse003.py'),glob.glob(SEEDS+'/003_*.txt')[0],IM],check=True)
# ---- 003: one entry per method, keyed module.method
d=json.load(open(IM))
methods=[]
for e in d:
    req=e['request'] if isinstance(e['request'],dict) else None
    required=[k for k in e['required'] if req is None or k in req]
    dropped=[k for k in e['required'] if k not in required]
    notes=list(e.get('notes',[]))
    if dropped: notes.append('table marks %s required but the seed example omits it: not enforced'%dropped)
    if e['heading']=='addLoginPwdChangeEventHandler':
        # the seed's example repeats addGroupEventHandler under this heading; keep the heading's method
        req=dict(req); req['__SERVER_ROUTE_METHOD']='addLoginPwdChangeEventHandler'; req['identifier']='addLoginPwdChangeEventHandler'
        e['method']='addLoginPwdChangeEventHandler'
    m=dict(module=e['module'],method=e['method'],heading=e['heading'],required=required,request=req,response=e['response'])
    if notes: m['notes']=notes
    methods.append(m)
keys=[(m['module'],m['method']) for m in methods]
assert len(keys)==len(set(keys)), [k for k in keys if keys.count(k)>1]
json.dump(dict(source='seed 003 (IM app local API): every request/response example, repaired where the seed is not valid JSON (see notes)',methods=methods),
  open(R+'imhttp/methods.json','w',encoding='utf-8'),ensure_ascii=False,indent=1)
print('imhttp methods',len(methods))
# ---- 004: every json block with the heading above it
t=open(glob.glob(SEEDS+'/004_*.txt')[0],encoding='utf-8').read()
samples=[];heading=None
for m in re.finditer(r'^(## [^\n]*)$|```json\n(.*?)```',t,re.M|re.S):
    if m.group(1): heading=m.group(1)[3:].strip(); continue
    samples.append(dict(heading=heading,json=json.loads(m.group(2))))
ex=[]
for smp in samples:
    if ex and ex[-1]['heading']==smp['heading'] and 'response' not in ex[-1]: ex[-1]['response']=smp['json']
    else: ex.append(dict(heading=smp['heading'],request=smp['json']))
json.dump(dict(source='seed 004 (68chat WebSocket engine): every example exchange (the request, and the response where the seed shows one)',exchanges=ex),
  open(R+'chat68/samples.json','w',encoding='utf-8'),ensure_ascii=False,indent=1)
print('chat68 samples',len(samples))
# ---- 002: each command as the seed builds it
t=open(glob.glob(SEEDS+'/002_*.txt')[0],encoding='utf-8').read()
cmds=[]
for m in re.finditer(r'^#+ ([^\n]*?)\n+```+ ?c\+\+\n(.*?)```+',t,re.M|re.S):
    heading,code=m.group(1).strip(),m.group(2)
    obj={};arrays={}
    for line in code.split('\n'):
        line=line.strip()
        if line.startswith("//"): continue
        a=re.match(r'var (\w+) = \[\];?',line)
        if a: arrays[a.group(1)]=[];continue
        p=re.match(r'(\w+)\.push\((.*)\);?$',line)
        if p: arrays[p.group(1)].append(json.loads(p.group(2)));continue
        s=re.match(r'json\["(\w+)"\] = (.*?);?$',line)
        if s:
            k,v=s.group(1),s.group(2).strip().rstrip(';').strip()
            if k=='task_id': obj[k]=len(cmds)+1; continue
            if v in arrays: obj[k]=arrays[v]
            elif v=='': obj[k]=0   # the seed leaves proxy_port blank: an integer port, 0 = none
            else: obj[k]=json.loads(v)
    cmds.append(dict(heading=heading,request=obj))
json.dump(dict(source='seed 002 (LINE WebSocket engine): every command object as the seed builds it (task_id numbered here; the blank proxy_port as 0)',commands=cmds),
  open(R+'linews/commands.json','w',encoding='utf-8'),ensure_ascii=False,indent=1)
print('line commands',len(cmds),[c['request'].get('command') for c in cmds])
