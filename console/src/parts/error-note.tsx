/** An error line in the API's words, announced to screen readers. */
export function ErrorNote({ text }: { text?: string }) {
  if (!text) return null;
  return (
    <p className="error" role="alert">
      {text}
    </p>
  );
}
