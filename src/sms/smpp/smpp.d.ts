/** @module Types for the parts of the `smpp` package (0.5.1, plain JavaScript) that Guichet uses. */
declare module 'smpp' {
  import { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  namespace smpp {
    /** A PDU: the header fields, plus every parameter and TLV by its SMPP name (e.g. `source_addr`, `message_state`). */
    class PDU {
      constructor(command: string, options?: Record<string, unknown>);
      /** Parses a whole PDU (header included). */
      constructor(buffer: Buffer);
      command: string;
      command_id: number;
      command_status: number;
      sequence_number: number;
      [field: string]: unknown;
      isResponse(): boolean;
      response(options?: Record<string, unknown>): PDU;
      toBuffer(): Buffer;
    }

    class Session extends EventEmitter {
      /** With `socket`, the session runs on an already connected socket (server side, or a client that connects itself). */
      constructor(options: { socket: Socket });
      socket: Socket;
      server?: Server;
      /** False when the socket is no longer writable; the callback then never runs. */
      send(pdu: PDU, onResponse?: (pdu: PDU) => void, onSent?: (pdu: PDU) => void): boolean;
      close(callback?: () => void): void;
      destroy(callback?: () => void): void;
      on(event: 'pdu', listener: (pdu: PDU) => void): this;
      on(event: 'close', listener: () => void): this;
      on(event: 'error', listener: (e: Error) => void): this;
      on(event: string, listener: (pdu: PDU) => void): this;
    }

    class Server extends NetServer {
      sessions: Session[];
      on(event: 'session', listener: (session: Session) => void): this;
      on(event: string, listener: (...args: any[]) => void): this;
    }

    interface ParamDef {
      type: unknown;
      filter?: { encode(this: PDU, value: unknown): unknown; decode(this: PDU, value: unknown, skipUdh?: boolean): unknown };
    }

    function createServer(options: Record<string, unknown>, listener?: (session: Session) => void): Server;
    /** command_status values by name (`ESME_RTHROTTLED`: 0x58, ...). */
    const errors: Record<string, number>;
    const commands: Record<string, { id: number; params?: Record<string, ParamDef> }>;
    const tlvs: Record<string, ParamDef & { id: number }>;
    /** The package's own codecs; `message` is the short_message one Guichet replaces (see wire.ts). */
    const filters: Record<string, NonNullable<ParamDef['filter']>>;
  }
  export = smpp;
}
