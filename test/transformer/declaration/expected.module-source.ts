//// __tamed__/input.shout.mjs (from input.ts, ts)
                                                                                         
                                                                                     
                                            
const SUFFIX = "!";

             
       async function shout(msg: string): Promise<string> {
  return msg.toUpperCase() + SUFFIX;
}

   
        
             
   
                                                                  
               
 

             
                                                      
                                                                   
                            
 

                                                 
               
                                                    
                 
   
               
 

             
                                                            
               
 

export default shout;

//// __tamed__/input.add.mjs (from input.ts, ts)
                                                                                         
                                                                                     
                                            
                   

             
                                                           
                                    
 

   
        
             
   
       async function add(a: number, b: number): Promise<number> {
  return a + b;
}

             
                                                      
                                                                   
                            
 

                                                 
               
                                                    
                 
   
               
 

             
                                                            
               
 

export default add;

//// __tamed__/input.pad.mjs (from input.ts, ts)
                                                                                         
                                                                                     
                                            
                   

             
                                                           
                                    
 

   
        
             
   
                                                                  
               
 

             
                                                      
       async function pad(s: string, n?: number): Promise<string> {
  return s.padStart(n ?? 4);
}

                                                 
               
                                                    
                 
   
               
 

             
                                                            
               
 

export default pad;

//// __tamed__/input.inner.mjs (from input.ts, ts)
                                                                                         
                                                                                     
                                            
                   

             
                                                           
                                    
 

   
        
             
   
                                                                  
               
 

             
                                                      
                                                                   
                            
 

                                                 
               
                                                    
                 
   
               
 

             
                                                            
               
 

export default (async function inner(x: number): Promise<number> {
    return x * 2;
  });

//// __tamed__/input.default.mjs (from input.ts, ts)
                                                                                         
                                                                                     
                                            
                   

             
                                                           
                                    
 

   
        
             
   
                                                                  
               
 

             
                                                      
                                                                   
                            
 

                                                 
               
                                                    
                 
   
               
 

             
export default async function (x: number): Promise<number> {
  return x + 1;
}
