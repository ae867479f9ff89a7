import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { FILE_STORAGE, LocalFileStorage } from './file-storage';
import { FilesController } from './files.controller';
import { FileRepository } from './file.repository';
import { FilesService } from './files.service';
import { StoredFile } from './stored-file.entity';

@Module({
  imports: [TypeOrmModule.forFeature([StoredFile])],
  controllers: [FilesController],
  providers: [
    FileRepository,
    FilesService,
    { provide: FILE_STORAGE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new LocalFileStorage(join(config.dataDir, 'files')) },
  ],
  exports: [FilesService],
})
export class FilesModule {}
