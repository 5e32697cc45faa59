// The app's way into the shapes: the subclass first, as an index file that lists the concrete
// shapes before the base class's exports does (see cycle-shape.ts).
export { Square } from "./cycle-square.js";
export { Shape, reportShapes } from "./cycle-shape.js";
