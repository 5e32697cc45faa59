(no marked function in input.ts: the esbuild plugin leaves the file to esbuild)
