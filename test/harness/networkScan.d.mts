export declare const networkPatterns: { name: string; pattern: RegExp }[];
export declare const allowList: string[];
export declare function scanForNetworkCode(files: string[]): string[];
