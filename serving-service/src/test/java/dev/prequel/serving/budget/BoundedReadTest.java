package dev.prequel.serving.budget;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.prequel.model.image.ImageShape;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BoundedReadTest {

    @Test
    void readsUpToTheLimitAndRefusesOneByteMore() {
        byte[] exact = new byte[100_000];
        exact[99_999] = 7;
        assertArrayEquals(exact, BoundedRead.readAtMost(new ByteArrayInputStream(exact), 100_000, "body"));
        assertThrows(BudgetExceededException.class,
                () -> BoundedRead.readAtMost(new ByteArrayInputStream(new byte[100_001]), 100_000, "body"));
    }

    @Test
    void stopsReadingAnEndlessStreamAtTheLimit() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 1;
            }
        };
        assertThrows(BudgetExceededException.class, () -> BoundedRead.readAtMost(endless, 1 << 20, "body"));
    }

    @Test
    void budgetsFollowTheModelShape() {
        InputBudget budget = InputBudget.of(new ImageShape(3, 32, 32), 4, 64);
        assertArrayEquals(new long[] {65_536, 4 * 3 * 32 * 32},
                new long[] {budget.maxPixelsPerImage(), budget.maxElements()});
        budget.checkImages(4);
        assertThrows(BudgetExceededException.class, () -> budget.checkImages(5));
        budget.checkElements(4 * 3072);
        assertThrows(BudgetExceededException.class, () -> budget.checkElements(4 * 3072 + 1));
    }
}
