//// __tamed__/input.limited.mjs (from input.ts, ts)
                                                                                   
                                                                                     
                                                                                 
                                  
import { check } from "./lib/check.js";

class TooBig extends Error {}

       const limited =          ((n: number): number => {
  if (n > 10) throw new TooBig(String(n));
  return check(n);
});

             
                                                           
                  
 

export default limited;

import { CheckError as __tamed_error_1 } from "./lib/check.ts";
export const __tamed_errors = () => [TooBig, __tamed_error_1];

//// __tamed__/input.checked.mjs (from input.ts, ts)
                                                                                   
                                                                                     
                                                                                 
                                  
import { check } from "./lib/check.js";

                             

                                                         
                                          
                  
   

             
       async function checked(n: number): Promise<number> {
  return check(n);
}

export default checked;

import { CheckError as __tamed_error_1 } from "./lib/check.ts";
export const __tamed_errors = () => [__tamed_error_1];
