// A small bash tokenizer for the script editor's highlighting: comments, strings, keywords and variables. It
// only colours text; it never changes it, so the joined tokens are always the source exactly.

export type TokenKind = "comment" | "string" | "keyword" | "variable" | "plain";
export interface Token {
  kind: TokenKind;
  text: string;
}

const KEYWORDS = new Set([
  "if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do", "done", "in",
  "function", "return", "exit", "local", "export", "readonly", "set", "trap", "break", "continue", "shift",
]);

// One alternative per token kind; `plain` takes whatever no other kind starts with.
const SCANNER =
  /(#.*)|('[^']*'?|"(?:[^"\\]|\\[\s\S])*"?)|(\$(?:\{[^}]*\}?|[A-Za-z_][A-Za-z0-9_]*|[0-9?#@*$!-]))|([A-Za-z_][A-Za-z0-9_-]*)|([\s\S])/g;

/** Tokens of `source`; a `#` starts a comment only where bash would (at a word start). */
export function tokenizeBash(source: string): Token[] {
  const tokens: Token[] = [];
  const push = (kind: TokenKind, text: string) => {
    const last = tokens.at(-1);
    if (last && last.kind === kind && kind === "plain") last.text += text;
    else tokens.push({ kind, text });
  };
  for (const m of source.matchAll(SCANNER)) {
    const [text, comment, string, variable, word] = m;
    const before = source[m.index - 1];
    if (comment !== undefined) {
      if (before === undefined || /[\s;&|(]/.test(before)) push("comment", comment);
      else {
        // `a#b` is one word: `#` and the rest of the line are scanned again as plain text.
        push("plain", "#");
        for (const t of tokenizeBash(comment.slice(1))) push(t.kind, t.text);
      }
    } else if (string !== undefined) push("string", string);
    else if (variable !== undefined) push("variable", variable);
    else if (word !== undefined) push(KEYWORDS.has(word) && !/[\w-]/.test(before ?? "") ? "keyword" : "plain", word);
    else push("plain", text);
  }
  return tokens;
}
