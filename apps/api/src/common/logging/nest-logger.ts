import type { LoggerService } from '@nestjs/common';
import type { Logger } from '@pathway/config';

/** Nest's start-up chatter (modules loaded, every route mapped): debug, so a normal start logs a few lines. */
const CHATTY_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/** Nest's logger (`new Logger('AuditTrail')` everywhere in the API, and Nest's own) written through pino. */
export function nestLoggerOf(logger: Logger): LoggerService {
  const write = (level: 'error' | 'warn' | 'info' | 'debug' | 'trace', message: unknown, params: unknown[]) => {
    // Nest passes the context last; an error's stack before it.
    const context = typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const stack = typeof params[0] === 'string' && params[0].includes('\n    at ') ? (params.shift() as string) : undefined;
    const effective = level === 'info' && context && CHATTY_CONTEXTS.has(context) ? 'debug' : level;
    logger[effective]({ context, ...(stack ? { stack } : {}) }, message instanceof Error ? message.message : String(message));
  };
  return {
    log: (message, ...params) => write('info', message, params),
    error: (message, ...params) => write('error', message, params),
    warn: (message, ...params) => write('warn', message, params),
    debug: (message, ...params) => write('debug', message, params),
    verbose: (message, ...params) => write('trace', message, params),
    fatal: (message, ...params) => write('error', message, params),
  };
}
