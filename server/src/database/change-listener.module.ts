import { Module } from '@nestjs/common';
import { ChangeListener } from './change-listener.service';

/** Imported by every domain that caches rows; Nest makes one instance, so one LISTEN connection per process. */
@Module({
  providers: [ChangeListener],
  exports: [ChangeListener],
})
export class ChangeListenerModule {}
