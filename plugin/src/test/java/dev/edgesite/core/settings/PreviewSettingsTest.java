package dev.edgesite.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code <previews>} and {@code edgesite.preview}. */
class PreviewSettingsTest {
    private static SettingsValidator site() {
        return new SettingsValidator().stack("docs-portal").domain("example.com").service("docs");
    }

    private static InvalidSettingException problem(SettingsValidator validator) {
        SettingsValidator.InvalidSettings invalid = assertThrows(SettingsValidator.InvalidSettings.class,
                validator::validate);
        assertEquals(1, invalid.problems().size(), invalid.getMessage());
        return invalid.problems().get(0);
    }

    @Test
    void previewsOnAddTheWildcardToTheNamesButNotToTheSiteHost() {
        StackSettings settings = site().aliases(List.of("www.example.com")).previews(true, "7").validate();

        assertTrue(settings.previews().enabled());
        assertEquals(7, settings.previews().maxAgeDays());
        assertNull(settings.previews().name());
        assertEquals(List.of("docs.example.com", "www.example.com", "*.preview.docs.example.com"),
                settings.hostNames());
        assertEquals("*.preview.docs.example.com", settings.previewWildcard());
        assertEquals("pr-42.preview.docs.example.com", Previews.host("pr-42", settings.siteHost()));
        assertEquals("_previews/pr-42/", Previews.keyPrefix("pr-42"));
    }

    @Test
    void previewsAreOffUnlessAskedForAndLiveFourteenDays() {
        StackSettings settings = site().validate();

        assertFalse(settings.previews().enabled());
        assertEquals(14, settings.previews().maxAgeDays());
        assertEquals(List.of("docs.example.com"), settings.hostNames());
        assertNull(settings.previewWildcard());
    }

    @Test
    void previewsNeedADomainAndSayWhy() {
        InvalidSettingException problem = problem(new SettingsValidator().stack("docs-portal").previews(true, null));

        assertEquals("previews><enabled", problem.element());
        assertTrue(problem.getMessage().contains("needs <domain>"), problem.getMessage());
        assertTrue(problem.getMessage().contains("wildcard certificate"), problem.getMessage());
        assertTrue(problem.fix().contains("Set <domain>"), problem.fix());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "two", "3651", "1.5"})
    void maxAgeDaysIsAWholeNumberOfDays(String days) {
        InvalidSettingException problem = problem(site().previews(true, days));

        assertEquals("previews><maxAgeDays", problem.element());
        assertEquals(days, problem.value());
        assertTrue(problem.fix().contains("edgesite.previews.maxAgeDays"), problem.fix());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pr-42", "a", "feature-login", "0", "x1", "a--b",
            "abcdefghijabcdefghijabcdefghijabcdefghij"})
    void aPreviewNameIsOneDnsLabelOfAtMostFortyCharacters(String name) {
        assertEquals(name, site().previews(true, null).preview(name, true).validate().previews().name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PR-42", "feature/login", "-pr", "pr-", "pr_42", "pr.42", "pr 42", "ünïcode", "../x",
            "abcdefghijabcdefghijabcdefghijabcdefghijk", "pr%2f42"})
    void anythingElseIsRefusedWithTheRuleAndNeverRewritten(String name) {
        InvalidSettingException problem = problem(site().previews(true, null).preview(name, true));

        assertEquals("preview", problem.element());
        assertEquals(name, problem.value(), "the name as given, not a rewritten one");
        assertTrue(problem.getMessage().contains("lower-case letters, digits and hyphens"), problem.getMessage());
        assertTrue(problem.getMessage().contains("40"), problem.getMessage());
        assertTrue(problem.fix().contains("-Dedgesite.preview="), problem.fix());
    }

    @Test
    void aPreviewDeployNeedsPreviewsOn() {
        InvalidSettingException problem = problem(site().preview("pr-42", true));

        assertEquals("preview", problem.element());
        assertTrue(problem.fix().contains("<previews><enabled>true</enabled></previews>"), problem.fix());
    }

    @Test
    void serveShowsAPreviewWithoutTheStacksPreviews() {
        assertEquals("pr-42", new SettingsValidator().stack("docs-portal").preview("pr-42", false).validate()
                .previews().name());
    }

    @Test
    void aBlankPreviewIsTheMainSite() {
        assertNull(site().previews(true, null).preview("  ", true).validate().previews().name());
    }
}
