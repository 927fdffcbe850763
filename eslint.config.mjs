import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Import zones: the layering of docs/architecture.md, enforced.
const zones = [
  { target: "./components", from: "./lib/server", message: "Components never import server code; data arrives as props or through react-query." },
  { target: "./components", from: "./app", message: "Components do not import routes." },
  { target: "./lib/client", from: "./lib/server", message: "Browser code never imports server code." },
  { target: "./lib/schemas", from: ["./lib/server", "./lib/client", "./components", "./app", "./generated"], message: "lib/schemas is universal: zod only." },
  { target: "./lib/server", from: ["./lib/client", "./components", "./app"], message: "Server code never imports browser code or routes." },
  { target: "./emulator", from: ["./app", "./components", "./lib"], message: "The emulator is standalone: the app reaches it only over HTTP." },
];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "import/no-restricted-paths": ["error", { zones }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["lib/schemas/**"],
    // Tests beside the schemas run in Vitest, never in the browser or the server.
    ignores: ["lib/schemas/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ regex: "^(?!zod$|\\./|@/lib/schemas/)", message: "lib/schemas imports only zod (and its own files)." }] }],
    },
  },
  {
    files: ["components/ui/**"],
    rules: {
      // An allow-list, so a primitive cannot pick up a feature folder, lib/client or lib/schemas by a new path.
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(?!react$|radix-ui$|lucide-react$|class-variance-authority$|clsx$|tailwind-merge$|@/lib/utils$|@/components/ui/|\\./[^/]+$)",
              message: "UI primitives know nothing of HBR: only other primitives, lib/utils, react, radix-ui, lucide-react, class-variance-authority, clsx and tailwind-merge.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/server/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: "Only lib/server/env.ts reads process.env.",
        },
      ],
    },
  },
  { files: ["lib/server/env.ts", "lib/server/testing/**", "lib/server/**/*.test.ts"], rules: { "no-restricted-syntax": "off" } },
  // Playwright fixtures receive a function named `use`; it is not React's hook.
  { files: ["e2e/**"], rules: { "react-hooks/rules-of-hooks": "off" } },
  globalIgnores([".next/**", ".next-*/**", "out/**", "build/**", "next-env.d.ts", "generated/**", "playwright-report/**", "test-results/**", ".data/**"]),
]);
