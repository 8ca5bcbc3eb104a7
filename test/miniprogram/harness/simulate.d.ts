// The part of miniprogram-simulate 1.6 the tests use. Its own typings import j-component's, which
// pull in an older nested copy of miniprogram-api-typings whose global `Component` clashes with
// ours; test/miniprogram/tsconfig.json maps the module name here instead.
declare module 'miniprogram-simulate' {
  export interface RenderedComponent {
    readonly dom: HTMLElement | undefined;
    readonly data: Record<string, any>;
    readonly instance: Record<string, any>;
    dispatchEvent(eventName: string, options?: { detail?: unknown }): void;
    querySelector(selector: string): RenderedComponent | undefined;
    querySelectorAll(selector: string): RenderedComponent[];
    triggerLifeTime(name: string): void;
    triggerPageLifeTime(name: string): void;
    attach(parent: Node): void;
    detach(): void;
  }

  export interface LoadOptions {
    compiler?: 'official' | 'simulate';
    rootPath?: string;
    /** Tag → id of an already loaded component, used instead of the json's usingComponents path. */
    usingComponents?: Record<string, string>;
  }

  export function load(componentPath: string, options?: LoadOptions): string;
  export function load(componentPath: string, tagName: string, options?: LoadOptions): string;
  /** Registers a definition directly (usingComponents values are ids from an earlier load). */
  export function load(definition: { template: string; usingComponents?: Record<string, string>; data?: Record<string, unknown>; methods?: Record<string, (...args: any[]) => unknown> }): string;
  export function render(id: string, properties?: Record<string, unknown>): RenderedComponent;
  export function sleep(ms?: number): Promise<void>;

  const simulate: { load: typeof load; render: typeof render; sleep: typeof sleep };
  export default simulate;
}
