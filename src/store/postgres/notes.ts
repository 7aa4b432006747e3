/** @module Agents' notes on subscribers, in PostgreSQL (console-contract.ts NoteStore). */
import type pg from 'pg';
import type { Note, NoteStore } from '../console-contract.js';

export class PgNotes implements NoteStore {
  constructor(private readonly pool: pg.Pool) {}

  async add(n: Omit<Note, 'id'>): Promise<Note> {
    const { rows } = await this.pool.query<{ id: number }>('INSERT INTO console_notes (subscriber_id, author, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
      [n.subscriber_id, n.author, n.body, n.created_at]);
    return { id: rows[0].id, ...n };
  }

  async forSubscriber(subscriberId: number, limit: number): Promise<Note[]> {
    return (await this.pool.query<Note>('SELECT id, subscriber_id, author, body, created_at FROM console_notes WHERE subscriber_id = $1 ORDER BY id DESC LIMIT $2',
      [subscriberId, limit])).rows;
  }
}
