import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", "test-output/", "bench/**/*.mjs", "scripts/**/*.mjs", "hooks/**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "no-restricted-syntax": [
        "error",
        { selector: "TSEnumDeclaration", message: "Use string-literal unions, not enums." },
      ],
    },
  },
  {
    files: ["src/**/*.ts"],
    ignores: ["src/cli/**"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "exit", message: "Only the CLI exits the process." }],
    },
  },
  // The layers (docs/architecture.md): the front ends reach the files and git only through the
  // service; the domain depends on nothing of ours; the store knows nothing of git.
  {
    files: ["src/cli/**/*.ts", "src/mcp/**/*.ts", "src/web/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/store/*", "**/format/*", "**/git/*"], message: "Front ends go through service/." }] }],
    },
  },
  {
    files: ["src/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/store/*", "**/format/*", "**/git/*", "**/service/*", "**/cli/*", "**/mcp/*"], message: "The domain imports only the domain." }] }],
    },
  },
  {
    files: ["src/store/**/*.ts", "src/format/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/git/*", "**/service/*", "**/cli/*", "**/mcp/*"], message: "store/ and format/ know nothing of git or the layers above." }] }],
    },
  },
  // The board's browser code has a tsconfig of its own (the DOM library).
  {
    files: ["web/**/*.ts"],
    languageOptions: { parserOptions: { projectService: false, project: ["./web/tsconfig.json"], tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  { files: ["eslint.config.js"], ...tseslint.configs.disableTypeChecked },
);
