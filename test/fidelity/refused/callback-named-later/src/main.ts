import { lookup, rescale, total, words } from "./index.js";

words.emit("word", "dd");
await new Promise((resolve) => setTimeout(resolve, 10));
// Inline: [ 'dd', 'a', 'bb', 'ccc' ]. A worker never ran addTo or loadAll: [].
console.log(await lookup(2));
rescale();
// Inline: 30. A worker never ran rescale: 3.
console.log(await total());
