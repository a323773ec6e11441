// Deterministic pseudo-random numbers for the example-data generator.
//
// The same seed must give the same stream on every platform and standard
// library. The standard leaves the algorithms of <random>'s distributions to
// each library, so the generator uses xoshiro256** (Blackman and Vigna,
// 2018) seeded through SplitMix64, and integer helpers of its own. Nothing
// here uses floating point.
#ifndef JISHIBAN_EXAMPLES_DATA_GENERATOR_RANDOM_HPP
#define JISHIBAN_EXAMPLES_DATA_GENERATOR_RANDOM_HPP

#include <cstddef>
#include <cstdint>
#include <initializer_list>

namespace stream_generator {

// One step of SplitMix64 (Steele, Lea and Flood, 2014): advances `state` and
// returns the next output. Used to spread a seed over xoshiro's state.
inline std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  state += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class Random {
 public:
  // Seeds the generator from `seed` through SplitMix64, as the xoshiro
  // authors recommend. Every seed, 0 included, gives a non-zero state.
  explicit Random(std::uint64_t seed) noexcept {
    std::uint64_t mix = seed;
    for (std::uint64_t& word : state_) {
      word = splitmix64(mix);
    }
  }

  // An independent generator for item `index` of a `domain` (days, requests,
  // request texts), so each item draws the same numbers whatever the
  // generator did before it.
  static Random stream(std::uint64_t seed, std::uint64_t domain, std::uint64_t index) noexcept {
    std::uint64_t mix = seed ^ (domain * 0xd1b54a32d192ed03ULL);
    const std::uint64_t base = splitmix64(mix);
    mix = base ^ (index * 0x9e3779b97f4a7c15ULL);
    return Random(splitmix64(mix));
  }

  // The next 64 random bits (xoshiro256**).
  std::uint64_t next() noexcept {
    const std::uint64_t result = rotate_left(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotate_left(state_[3], 45);
    return result;
  }

  // A uniform integer in [0, bound). Rejects the top values that would make
  // `% bound` uneven. Precondition: bound >= 1.
  std::uint64_t below(std::uint64_t bound) noexcept {
    const std::uint64_t threshold = (0 - bound) % bound;
    for (;;) {
      const std::uint64_t bits = next();
      if (bits >= threshold) {
        return bits % bound;
      }
    }
  }

  // A uniform integer in [low, high], both included. Precondition: low <= high.
  std::int64_t between(std::int64_t low, std::int64_t high) noexcept {
    const std::uint64_t span = static_cast<std::uint64_t>(high - low) + 1;
    return low + static_cast<std::int64_t>(below(span));
  }

  // An int in [low, high], both included.
  int between_int(int low, int high) noexcept { return static_cast<int>(between(low, high)); }

  // True with probability permille / 1000.
  bool chance(int permille) noexcept { return static_cast<int>(below(1000)) < permille; }

  // An index into `weights`, chosen with probability proportional to its
  // weight. Precondition: the weights are non-negative and not all zero.
  std::size_t weighted(const int* weights, std::size_t count) noexcept {
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < count; ++i) {
      total += static_cast<std::uint64_t>(weights[i]);
    }
    std::uint64_t roll = below(total);
    for (std::size_t i = 0; i < count; ++i) {
      const auto weight = static_cast<std::uint64_t>(weights[i]);
      if (roll < weight) {
        return i;
      }
      roll -= weight;
    }
    return count - 1;
  }

  std::size_t weighted(std::initializer_list<int> weights) noexcept {
    return weighted(weights.begin(), weights.size());
  }

  // A uniform index in [0, count). Precondition: count >= 1.
  std::size_t index(std::size_t count) noexcept { return static_cast<std::size_t>(below(count)); }

 private:
  static std::uint64_t rotate_left(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }

  std::uint64_t state_[4];
};

}  // namespace stream_generator

#endif  // JISHIBAN_EXAMPLES_DATA_GENERATOR_RANDOM_HPP
