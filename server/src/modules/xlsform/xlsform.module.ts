import { Module } from '@nestjs/common';
import { ThemesModule } from '../themes/themes.module';
import { XlsformController } from './xlsform.controller';
import { XlsformService } from './xlsform.service';

@Module({
  imports: [ThemesModule],
  controllers: [XlsformController],
  providers: [XlsformService],
})
export class XlsformModule {}
