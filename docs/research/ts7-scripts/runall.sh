#!/bin/bash
# 5 interleaved rounds; each line one measurement (JSON or "name real user sys")
cd /tmp/ts7-research
TS7=/tmp/ts7-research/node_modules/.bin/tsc
TS6=/work/main/node_modules/.bin/tsc
for r in 1 2 3 4 5; do
  echo "round $r load $(cut -d' ' -f1 /proc/loadavg)"
  echo "bench7 $(node bench7.mjs big)"
  echo "bench7b $(node bench7.mjs big --batched)"
  echo "bench6 $(node bench6.cjs big)"
  echo "sample7 $(node -e 'const t=performance.now();import("typescript/unstable/sync").then(({API})=>{const a=new API({cwd:"sample"});const p=a.updateSnapshot({openProjects:["/tmp/ts7-research/sample/tsconfig.json"]}).getProjects()[0];p.program.getSourceFile("/tmp/ts7-research/sample/src/main.ts");console.log((performance.now()-t).toFixed(0));a.close()})')"
  rm -rf big/out; /usr/bin/time -f "cli7-emit %e %U %S" $TS7 -p big/tsconfig.emit.json >/dev/null
  rm -rf big/out; /usr/bin/time -f "cli6-emit %e %U %S" $TS6 -p big/tsconfig.emit.json >/dev/null
  /usr/bin/time -f "cli7-noemit %e %U %S" $TS7 -p big --noEmit >/dev/null
  /usr/bin/time -f "cli7-dts %e %U %S" $TS7 -p big/tsconfig.emit.json --emitDeclarationOnly --outDir big/out-d >/dev/null
  echo "proto $(node proto-build.mjs big)"
done
