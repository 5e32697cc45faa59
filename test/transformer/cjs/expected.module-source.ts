//// __tamed__/input.where.mjs (from input.ts, ts, with the banner's helpers)
                                                                                          
                                                                               
                                            
import * as path from "node:path";

const DATA = path.join(__tamed_dir("../input.js"), "data.txt");

       const where =          ((): string => `${DATA} ${__tamed_file("../input.js")}`);

             
                                                         
               
 

                                               
                                            
 

export default where;

//// __tamed__/input.twice.mjs (from input.ts, ts, with the banner's helpers)
                                                                                          
                                                                               
                                            
                                  

                                              

                                                                      

             
       async function twice(x: number): Promise<number> {
  return x * 2;
}

                                               
                                            
 

export default twice;

//// __tamed__/input.runAsync.main.mjs (from input.ts, ts, with the banner's helpers)
                                                                                          
                                                                               
                                            
                                  

                                              

                                                                      

             
                                                         
               
 

                                               
 export default ( (x: number) => x + 1);    
 
