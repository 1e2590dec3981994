#include "providers/bedrock/crc32.hpp"

#include <gtest/gtest.h>

#include <string>

namespace llmgw::providers::bedrock {
namespace {

TEST(BedrockCrc32, KnownValues) {
  EXPECT_EQ(crc32(""), 0U);
  EXPECT_EQ(crc32("123456789"), 0xCBF43926U);  // The CRC-32/IEEE check value.
  EXPECT_EQ(crc32(std::string("\x00\x00\x00\x10\x00\x00\x00\x00", 8)), 0x05C248EBU);
}

TEST(BedrockCrc32, ContinuesAcrossPieces) {
  const std::string text = "The quick brown fox jumps over the lazy dog";
  for (std::size_t split = 0; split <= text.size(); ++split) {
    const std::string_view view(text);
    EXPECT_EQ(crc32(view.substr(split), crc32(view.substr(0, split))), 0x414FA339U);
  }
}

}  // namespace
}  // namespace llmgw::providers::bedrock
