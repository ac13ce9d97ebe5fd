declare module 'pluralize' {
  function pluralize(word: string, count?: number, inclusive?: boolean): string;
  namespace pluralize {
    function plural(word: string): string;
  }
  export default pluralize;
}
