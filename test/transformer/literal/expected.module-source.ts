//// __tamed__/input.runAsync.main.mjs (from input.ts, ts)
                                                                                     
                                           
                                                            

const BASE = 100;

                                             
            export default ( (x: number) => x + BASE);    
                                       
                                                                             
                                                                       
                                 
                                                               
                                                   
                           
                
                            
 

//// __tamed__/input.submit.main.mjs (from input.ts, ts)
                                                                                     
                                           
                                                            

                 

                                             
                                                          
                                       
                   export default ( async (ms: number) => `slept ${ms}`);    
                                                                       
                                 
                                                               
                                                   
                           
                
                            
 

//// __tamed__/input.map.main.mjs (from input.ts, ts)
                                                                                     
                                           
                                                            

                 

                                             
                                                          
                                       
                                                                             
              export default ( (s: string) => s.length);               
                                 
                                                               
                                                   
                           
                
                            
 

//// __tamed__/input.spawn.a.mjs (from input.ts, ts)
                                                                                     
                                           
                                                            

                 

                                             
                                                          
                                       
                                                                             
                                                                       
                                 
       export default ( (x: number, y: number) => x + y);      
                                                   
                           
                
                            
 

//// __tamed__/input.spawn.b.mjs (from input.ts, ts)
                                                                                     
                                           
                                                            

                 

                                             
                                                          
                                       
                                                                             
                                                                       
                                 
                                                               
       export default ( function named(s: string) {
    return s.toUpperCase();
  });           
                            
 
