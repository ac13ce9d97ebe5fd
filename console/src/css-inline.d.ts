/** `import css from 'x.css?inline'`: the stylesheet as text (scripts/build-console.mjs loads it so). */
declare module '*.css?inline' {
  const text: string;
  export default text;
}
