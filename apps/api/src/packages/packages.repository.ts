import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { PackageView } from '@dx/contract';

export interface PackageRow {
  id: number;
  title: string;
  standard: PackageView['standard'];
  version: string;
  scos: PackageView['scos'];
  file_name: string;
  file_count: number;
  total_bytes: string;
  storage_key: string;
  uploaded_at: Date;
  course_iri: string | null;
}

/** The columns of content_package a PackageRow holds. */
const PACKAGE_COLUMNS = `id, title, standard, version, scos, file_name, file_count, total_bytes, storage_key,
  uploaded_at, course_iri`;

/** What an upload stores of a checked package. */
export interface NewPackage {
  tenantId: number;
  title: string;
  standard: PackageView['standard'];
  version: string;
  scos: PackageView['scos'];
  fileName: string;
  fileCount: number;
  totalBytes: number;
  storageKey: string;
  uploadedBy: number;
  courseIri: string | null;
}

/** The SQL of uploaded e-learning packages (content_package). */
@Injectable()
export class PackagesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertPackage(pkg: NewPackage): Promise<PackageRow> {
    const [row]: PackageRow[] = await this.dataSource.query(
      `INSERT INTO content_package (tenant_id, title, standard, version, scos, file_name, file_count, total_bytes,
                                    storage_key, uploaded_by, course_iri)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       RETURNING ${PACKAGE_COLUMNS}`,
      [
        pkg.tenantId,
        pkg.title,
        pkg.standard,
        pkg.version,
        JSON.stringify(pkg.scos),
        pkg.fileName,
        pkg.fileCount,
        pkg.totalBytes,
        pkg.storageKey,
        pkg.uploadedBy,
        pkg.courseIri,
      ],
    );
    return row;
  }

  /** A package of the tenant, or undefined. */
  async findPackage(tenantId: number, id: number): Promise<PackageRow | undefined> {
    const [row]: PackageRow[] = await this.dataSource.query(
      `SELECT ${PACKAGE_COLUMNS} FROM content_package WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return row;
  }

  /** A package by id (in the caller's transaction when given); the enrolment that named it is the tenant's. */
  async findPackageById(
    id: number | null,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PackageRow | undefined> {
    const [pkg]: PackageRow[] = await manager.query(
      `SELECT ${PACKAGE_COLUMNS} FROM content_package WHERE id = $1`,
      [id],
    );
    return pkg;
  }

  /** The storage folder key and the standard of a package of the tenant. */
  async findStorage(
    tenantId: number,
    id: number,
  ): Promise<{ storage_key: string; standard: PackageRow['standard'] } | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT storage_key, standard FROM content_package WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return row;
  }
}
