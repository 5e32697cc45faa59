//// __tamed__/input.Images.thumbnail.mjs (from input.ts, ts)
                                                                                        
                                                                
import { makeAsync, tamed } from "tamed";

const SCALE = 2;

       class Images {
  static made = 0;

  @makeAsync
  static async thumbnail(png: Uint8Array, width: number): Promise<number[]> {
    return [png.length, width * SCALE, Images.helper()];
  }

  @tamed
  static async later(ms: number): Promise<string> {
    return `slept ${ms}`;
  }

  static helper(): number {
    return 7;
  }
}

                                                   

export default Images.thumbnail;

//// __tamed__/input.Images.later.mjs (from input.ts, ts)
                                                                                        
                                                                
import { makeAsync, tamed } from "tamed";

                

       class Images {
  static made = 0;

  @makeAsync
  static async thumbnail(png: Uint8Array, width: number): Promise<number[]> {
    return [png.length, width * SCALE, Images.helper()];
  }

  @tamed
  static async later(ms: number): Promise<string> {
    return `slept ${ms}`;
  }

  static helper(): number {
    return 7;
  }
}

                                                   

export default Images.later;
