// ESLint: the rules that catch defects this codebase has had (a promise nobody handles,
// a switch that misses a case), on the TypeScript sources, with their types.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "node_modules/",
      "**/out/",
      "**/out-*/",
      "**/dist/",
      "test/",
      "bench/",
      "samples/",
      "scripts/",
      "docs/",
      ".cache/",
      "language-service/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["runtime/**/*.ts", "transformer/**/*.cts", "cli/**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
    },
  },
);
