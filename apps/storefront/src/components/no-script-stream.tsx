/**
 * Without JavaScript a streamed page would stay on its loading state for good: React sends the finished
 * content later in the document, hidden, and a script swaps it in. For a browser that runs no script this
 * shows that content (after the page's <main>, before the footer) and hides the loading state it replaces.
 */
const NO_SCRIPT_CSS = [
  'template[id^="B:"]+.state{display:none}',
  // Only a page that streams: its content left <main> (see layout.tsx); any other page keeps main's padding.
  'main:has(template[id^="B:"]){flex:0 0 auto;padding:0}',
  'body>div[hidden][id^="S:"]{display:block;flex:1 0 auto;width:100%;max-width:1200px;margin:0 auto;padding:1.5rem 1rem 3rem}',
  'body>div[hidden][id^="S:"]~div[hidden][id^="S:"]{padding-top:0}',
  '.site-footer{order:1}',
].join('');

export function NoScriptStream() {
  return (
    <noscript>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant stylesheet, nothing from a request */}
      <style dangerouslySetInnerHTML={{ __html: NO_SCRIPT_CSS }} />
    </noscript>
  );
}
