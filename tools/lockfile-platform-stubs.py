# The registry mirror these machines reach serves only the linux-x64 builds of packages with per-platform
# binaries, so `npm install` leaves the other platforms' optional packages out of package-lock.json and `npm ci`
# then refuses the lock. This adds the missing entries with their os/cpu, so npm ci skips them as usual.
# Usage after changing dependencies: python3 tools/lockfile-platform-stubs.py package-lock.json .
import json, re, subprocess, sys
lock_path = sys.argv[1]
lock = json.load(open(lock_path))
pk = lock['packages']
out = subprocess.run(['npm','ci','--dry-run','--ignore-scripts','--no-audit','--no-fund'], capture_output=True, text=True, cwd=sys.argv[2]).stderr
missing = sorted(set(re.findall(r'Missing: (\S+?)@\S* from lock file', out)))
print(len(missing), 'missing')
def platform(name):
    n = name.lower(); os_=None; cpu=None
    for o in ['darwin','win32','freebsd','android','openharmony','sunos','aix','netbsd','openbsd']:
        if o in n: os_=[o]
    if 'wasm32' in n or 'wasi' in n: cpu=['wasm32']
    for c in ['arm64','x64','ia32','arm','ppc64','s390x','riscv64','loong64','mips64el']:
        if re.search(r'[-_]'+c+r'([-_]|$)', n) and cpu is None: cpu=[c]
    if os_ is None and 'linux' in n: os_=['linux']
    if os_ is None and cpu is None: os_=['none']
    return os_, cpu
for name in missing:
    version=None
    for key, p in pk.items():
        for field in ('optionalDependencies','dependencies'):
            if name in p.get(field, {}): version = p[field][name]
    if version is None: print('no version for', name); continue
    os_, cpu = platform(name)
    entry = {'version': version, 'optional': True}
    if os_: entry['os'] = os_
    if cpu: entry['cpu'] = cpu
    pk['node_modules/'+name] = entry
lock['packages'] = dict(sorted(pk.items(), key=lambda kv: (kv[0] != '', kv[0])))
json.dump(lock, open(lock_path,'w'), indent=2); open(lock_path,'a').write('\n')
