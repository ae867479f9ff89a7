import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DatabaseFileStorage, FILE_STORAGE, FileStorage, LocalFileStorage } from './file-storage';
import { FilesController } from './files.controller';
import { FileRepository } from './file.repository';
import { FilesProcessor } from './files.processor';
import { FilesService } from './files.service';
import { StoredFile } from './stored-file.entity';

@Module({
  imports: [TypeOrmModule.forFeature([StoredFile])],
  controllers: [FilesController],
  providers: [
    FileRepository,
    FilesService,
    FilesProcessor,
    {
      provide: FILE_STORAGE,
      inject: [APP_CONFIG, FileRepository],
      useFactory: async (config: AppConfig, files: FileRepository): Promise<FileStorage> => {
        if (config.s3) {
          // Loaded only here: the AWS SDK is large, and most deployments keep files in PostgreSQL.
          const { S3FileStorage } = await import('./s3-file-storage');
          return new S3FileStorage(config.s3);
        }
        const folder = new LocalFileStorage(join(config.dataDir, 'files'));
        return config.fileStore === 'local' ? folder : new DatabaseFileStorage(files, folder);
      },
    },
  ],
  exports: [FilesService],
})
export class FilesModule {}
