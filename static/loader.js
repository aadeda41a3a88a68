// Starts the app. Trunk's own loader is an inline <script>, which the page's CSP refuses
// (script-src 'self'); Trunk.toml's pattern_script puts the hashed file names on this tag.
const tag = document.querySelector("script[data-js][data-wasm]");
const loading = document.getElementById("loading");

try {
  const base = document.baseURI;
  const { default: init } = await import(new URL(tag.dataset.js, base).href);
  await init({ module_or_path: new URL(tag.dataset.wasm, base) });
  loading?.remove();
} catch (error) {
  if (loading) {
    loading.textContent = `The checker could not start: ${error}`;
    loading.classList.add("failed");
  }
  throw error;
}
