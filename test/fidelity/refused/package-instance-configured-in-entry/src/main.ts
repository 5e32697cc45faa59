// The entry configures the renderer that render() reads, through its methods and through a
// plugin function of the package: only the main thread's copy of md gets them (inline
// '<h1 id="hello" class="x">Hello</h1>', on a worker '<h1>Hello</h1>'). Refused (TS77002) at both.
import { addHeadingIds } from "fake-marked";
import { md } from "./md.js";
import { render } from "./render.js";

md.use({ heading: "x" });
addHeadingIds(md);

console.log(await render("# Hello"));
