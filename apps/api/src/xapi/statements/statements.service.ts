import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Stores and reads xAPI statements (filled in by the statements resource). */
@Injectable()
export class StatementsService {
  constructor(readonly db: DataSource) {}
}
