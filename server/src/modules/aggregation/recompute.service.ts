import { Injectable } from '@nestjs/common';
import { NotFound } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { JobProducer } from '../jobs/job-producer';
import { isWithinRegion } from '../regions/region-scope';
import { ThemesService } from '../themes/themes.service';
import type { User } from '../users/user.entity';

/** A full recompute on demand (admins of the theme's owner region). */
@Injectable()
export class RecomputeService {
  constructor(
    private readonly themes: ThemesService,
    private readonly producer: JobProducer,
    private readonly audit: AuditService,
  ) {}

  async request(actor: User, slug: string): Promise<{ status: 'queued' }> {
    const { theme } = await this.themes.latest(slug);
    if (!isWithinRegion(theme.ownerRegionCode, actor.regionCode)) throw new NotFound(`Tematik ${slug}`);
    await this.producer.enqueue('aggregation.recompute', { themeId: theme.id, force: true });
    await this.audit.record({ actor, action: 'aggregates.recompute_requested', targetType: 'theme', targetId: slug, regionCode: theme.ownerRegionCode });
    return { status: 'queued' };
  }
}
