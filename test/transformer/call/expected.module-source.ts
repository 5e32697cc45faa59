//// __tamed__/input.square.mjs (from input.ts, ts)
                                                                                          
                                                                                     
                                   
                                         
                           

                 
                                                   

                                     
                     
 

       const square =          ((x: number): number => x * x);

                                                              
              
                                                                        
             
   

                                                                                                   

                                                                              
                       
   

                          
                                                           
 

export default square;

//// __tamed__/input.sumOfSquares.mjs (from input.ts, ts)
                                                                                          
                                                                                     
                                   
import { makeAsync, tamed } from "tamed";
                           

const LIMIT = 10;
                                                   

                                     
                     
 

       const square = makeAsync((x: number): number => x * x, { v: 1, name: "square", module: "./__tamed__/input.square.mjs", base: import.meta.url });

       const sumOfSquares =          ((n: number): number => {
  let sum = 0;
  for (let i = 1; i <= Math.min(n, LIMIT); i++) sum += square(i).wait();
  return sum;
});

                                                                                                   

                                                                              
                       
   

                          
                                                           
 

export default sumOfSquares;

//// __tamed__/input.evens.mjs (from input.ts, ts)
                                                                                          
                                                                                     
                                   
                                         
                           

                 
                                                   

function isEven(n: number): boolean {
  return n % 2 === 0;
}

                                                              

                                                              
              
                                                                        
             
   

       const evens =            (<T extends number>(xs: T[]): T[] => xs.filter((x) => isEven(x)),);

                                                                              
                       
   

                          
                                                           
 

export default evens;

//// __tamed__/input.later.mjs (from input.ts, ts)
                                                                                          
                                                                                     
                                   
                                         
                           

                 
                                                   

                                     
                     
 

                                                              

                                                              
              
                                                                        
             
   

                                                                                                   

       const later =      (async function later(ms: number): Promise<string> {
  return `after ${ms}`;
});

                          
                                                           
 

export default later;

//// __tamed__/input.hasher.mjs (from input.ts, ts)
                                                                                          
                                                                                     
                                   
                                         
                           

const LIMIT = 10;
                                                   

                                     
                     
 

                                                              

                                                              
              
                                                                        
             
   

                                                                                                   

                                                                              
                       
   

                          
  export default ( (s: string): string => `${LIMIT}:${s}`);
 
