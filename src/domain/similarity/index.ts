export {
  DEFAULT_SIMILARITY,
  findSimilar,
  foldText,
  jaccard,
  repeatedPassages,
  type SimDoc,
  type SimilarityOptions,
  type SimilarPair,
  shingles,
  signature,
} from './minhash.ts';
