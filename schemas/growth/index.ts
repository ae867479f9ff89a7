export { GROWTH_INDICATORS, STANDING_FROM_DAY, measuredOf, roundTo, sexOf, whoZScore, type GrowthIndicator, type Measured, type Sex, type ZScoreInput } from './who-zscore';
export {
  HEIGHT_FOR_AGE_CATEGORIES,
  WEIGHT_FOR_AGE_CATEGORIES,
  WEIGHT_FOR_HEIGHT_CATEGORIES,
  heightForAgeCategory,
  weightForAgeCategory,
  weightForHeightCategory,
  type HeightForAgeCategory,
  type WeightForAgeCategory,
  type WeightForHeightCategory,
} from './permenkes-categories';
