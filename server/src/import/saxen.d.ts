// The part of saxen's API (MIT, https://github.com/nikku/saxen) the libvirt import uses; saxen ships no types.
declare module 'saxen' {
  export class Parser {
    constructor(options?: { proxy?: boolean });
    on(event: 'openTag', handler: (name: string, attrs: () => Record<string, string>, decode: (s: string) => string, selfClosing: boolean) => void): this;
    on(event: 'closeTag', handler: (name: string, decode: (s: string) => string, selfClosing: boolean) => void): this;
    on(event: 'text', handler: (value: string, decode: (s: string) => string) => void): this;
    on(event: 'cdata', handler: (value: string) => void): this;
    on(event: 'error' | 'warn', handler: (error: Error) => void): this;
    parse(xml: string): void;
    stop(): void;
  }
}
