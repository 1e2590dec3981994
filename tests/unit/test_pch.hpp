// Precompiled header for the unit tests: the core's heavy includes plus GoogleTest and
// GoogleMock, which every test file includes. Parsing gmock alone took 5 to 10 s per test
// file at -O0 (the ASan build), over a hundred files.
#pragma once
#include "pch.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
