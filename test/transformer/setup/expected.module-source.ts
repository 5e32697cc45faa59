//// __tamed__/input.lookup.mjs (from input.ts, ts, with the banner's helpers)
                                                                                       
                                                                             
                                                              
                                  

const TABLE = new Map<string, number>();
for (const [i, w] of ["one", "two", "three"].entries()) TABLE.set(w, i + 1);
                      

const HERE = new URL("./data.txt", new URL("../input.js", import.meta.url).href).href;

       const lookup =          ((word: string): string => `${TABLE.get(word) ?? 0} ${HERE}`);

export default lookup;
