// Loading the TypeScript pages and components into miniprogram-simulate, and acting on them the
// way a phone would.
//
// How the .ts definitions load: simulate.load(folder/index) reads index.json/.wxml/.wxss itself and
// then `require`s folder/index without an extension. Under jest that require goes through jest's
// resolver (moduleFileExtensions lists "ts" first) and the @swc/jest transform, so index.ts runs
// as compiled by swc and its relative imports resolve to the same module instances the test uses.
// Jest ignores `delete require.cache[…]`, so a definition runs once per test file: load each root
// once per file (loadOnce), and keep one page per test file.
import { join } from 'node:path';
import simulate, { type RenderedComponent as Rendered } from 'miniprogram-simulate';

export const MINIPROGRAM_ROOT = join(__dirname, '../../../miniprogram');

const loaded = new Map<string, string>();

/** The app's components by tag: loaded once, and handed to every page that uses them. */
const COMPONENTS: Record<string, string> = { 'form-collector': 'components/form-collector/index' };

/**
 * The simulate id of a page or component folder (`pages/checkin/index`), loaded once per test file.
 * A page gets the components already loaded instead of loading them again: their definitions run
 * once per file (jest caches the module), so a second load would register nothing, and a file could
 * not mount both pages.
 */
export function loadOnce(path: string): string {
  let id = loaded.get(path);
  if (!id) {
    const options = { compiler: 'simulate' as const, rootPath: MINIPROGRAM_ROOT };
    const tag = Object.keys(COMPONENTS).find((t) => COMPONENTS[t] === path);
    id = tag
      ? simulate.load(join(MINIPROGRAM_ROOT, path), tag, options)
      : simulate.load(join(MINIPROGRAM_ROOT, path), { ...options, usingComponents: Object.fromEntries(Object.entries(COMPONENTS).map(([t, p]) => [t, loadOnce(p)])) });
    loaded.set(path, id);
  }
  return id;
}

const mounted: Rendered[] = [];

/** Renders and attaches a page (its `attached` lifetime starts loading). Detached after the test. */
export function mount(path: string): Rendered {
  const page = simulate.render(loadOnce(path));
  page.attach(document.createElement('parent-wrapper'));
  mounted.push(page);
  return page;
}

afterEach(() => {
  for (const page of mounted.splice(0)) page.detach();
});

export function all(root: Rendered, selector: string): Rendered[] {
  return root.querySelectorAll(selector);
}

export function one(root: Rendered, selector: string): Rendered {
  const found = root.querySelector(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

export function exists(root: Rendered, selector: string): boolean {
  return root.querySelector(selector) !== undefined;
}

export function text(root: Rendered, selector: string): string {
  return (one(root, selector).dom?.textContent ?? '').trim();
}

/** Page lifecycle as the framework calls it (simulate has no page stack). */
export function pageHide(root: Rendered): void {
  root.triggerPageLifeTime('hide');
}

/**
 * An attribute as the WXML gave it. simulate renders only `class` and `data-*` into the DOM, so
 * `aria-label`, `checked`, `disabled` are read from the node's template attributes.
 */
export function attribute(element: Rendered, name: string): unknown {
  const node = (element as unknown as { _exparserNode: ExparserNode })._exparserNode;
  return node._vt?.attrs.find((a) => a.name === name)?.value;
}

interface ExparserNode {
  $$?: Element;
  _vt?: { attrs: Array<{ name: string; value: unknown }> };
  childNodes: ExparserNode[];
  shadowRoot?: ExparserNode;
}

/** Copies the WXML attributes simulate leaves out (aria-*, checked, disabled) onto the page's DOM, for the gallery. */
export function materializeAttributes(root: Rendered): void {
  const visit = (node: ExparserNode) => {
    for (const { name, value } of node._vt?.attrs ?? []) {
      if (!node.$$ || !/^(aria-|checked$|disabled$)/.test(name) || value === undefined || value === false || value === '') continue;
      node.$$.setAttribute(name === 'aria-role' ? 'role' : name, value === true ? '' : String(value));
    }
    if (node.shadowRoot) visit(node.shadowRoot);
    for (const child of node.childNodes ?? []) visit(child);
  };
  visit((root as unknown as { _exparserNode: ExparserNode })._exparserNode);
}
