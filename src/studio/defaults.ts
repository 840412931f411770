/** Where `extids studio` listens unless told otherwise: loopback, beside the emulator's 4010. */
export const STUDIO_DEFAULTS = { port: 4020, host: '127.0.0.1' } as const;
