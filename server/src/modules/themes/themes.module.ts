import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Theme, ThemeVersion } from './theme.entity';
import { ThemesController } from './themes.controller';
import { ThemesService } from './themes.service';
import { ValidatorCache } from './validator-cache';

@Module({
  imports: [TypeOrmModule.forFeature([Theme, ThemeVersion])],
  controllers: [ThemesController],
  providers: [ThemesService, ValidatorCache],
  exports: [ThemesService],
})
export class ThemesModule {}
