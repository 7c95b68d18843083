#include "matching/book_set.hpp"

#include <gtest/gtest.h>

#include "matching/test_support.hpp"

namespace dx::matching {
namespace {

TEST(BookSetTest, OpenCreatesAnEmptyBookOnFirstUse) {
  BookSet books;

  OrderBook& book = books.open(OfferId{1});

  EXPECT_EQ(book.order_count(), 0u);
  EXPECT_EQ(&books.open(OfferId{1}), &book);
  EXPECT_EQ(books.size(), 1u);
}

TEST(BookSetTest, FindDoesNotCreate) {
  BookSet books;

  EXPECT_EQ(books.find(OfferId{1}), nullptr);
  EXPECT_EQ(books.size(), 0u);
}

TEST(BookSetTest, BooksAreIndependent) {
  BookSet books;
  Events events;
  books.open(OfferId{1}).submit(sell(1, 100, 5), events);

  books.open(OfferId{2}).submit(buy(1, 100, 5), events);

  EXPECT_EQ(events, (Events{accepted(1), accepted(1)}));
  EXPECT_EQ(books.find(OfferId{1})->best_ask(), 100);
  EXPECT_EQ(books.find(OfferId{2})->best_bid(), 100);
}

TEST(BookSetTest, CloseDropsTheBookAndItsOrders) {
  BookSet books;
  Events events;
  books.open(OfferId{1}).submit(sell(1, 100, 5), events);

  EXPECT_TRUE(books.close(OfferId{1}));

  EXPECT_EQ(books.find(OfferId{1}), nullptr);
  EXPECT_FALSE(books.close(OfferId{1}));
}

}  // namespace
}  // namespace dx::matching
