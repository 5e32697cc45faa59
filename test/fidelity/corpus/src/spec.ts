// A test file that the tsconfig includes, as many projects' do; the corpus never runs it. It
// imports a test-only package for its effect (fake-test-setup, a devDependency in
// package.json, which throws where no test runner's `expect` exists): workers must not import
// that one, though this file loads the functions' files as the entries do.
import "fake-test-setup";
import { tallyWords } from "./cases/polyfill-in-entry.js";

export const specs = [() => tallyWords(["a", "b", "a"])];
