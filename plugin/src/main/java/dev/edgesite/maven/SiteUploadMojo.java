package dev.edgesite.maven;

import dev.edgesite.core.settings.ContentSettingsValidator;
import dev.edgesite.core.settings.SettingsValidator;
import java.io.File;
import org.apache.maven.plugins.annotations.Parameter;

/** A goal that uploads the built site: sync and deploy. */
public abstract class SiteUploadMojo extends PublishingMojo {
    /** The built site to upload. */
    @Parameter(property = "edgesite.siteDirectory", defaultValue = "${project.build.directory}/site")
    private File siteDirectory;

    /** Publishes a sample {@code index.html} when the site has none, to see the stack work before the site exists. */
    @Parameter(property = "edgesite.indexExample", defaultValue = "false")
    private boolean indexExample;

    /**
     * How the site is uploaded. Each field also has a property, used when the pom leaves the field out:
     * <ul>
     * <li>{@code delete} ({@code edgesite.sync.delete}, default true): delete the objects whose file left the
     * site, once every upload has succeeded.</li>
     * <li>{@code maxDeletes} ({@code edgesite.sync.maxDeletes}, default 256): a sync that would delete more
     * objects is refused before it writes anything.</li>
     * <li>{@code allowDeletes} ({@code edgesite.sync.allowDeletes}, default false): delete them even when they
     * are more than {@code maxDeletes}; meant for one run, {@code -Dedgesite.sync.allowDeletes}.</li>
     * <li>{@code concurrency} ({@code edgesite.sync.concurrency}, default 32): requests in flight at once,
     * 1 to 64.</li>
     * <li>{@code cacheControl}: Cache-Control by file, a list of
     * {@code <rule><pattern>*.pdf</pattern><value>max-age=3600</value></rule>}. The first rule whose pattern
     * matches wins; then the defaults apply: pages {@code no-cache}, fingerprinted assets
     * ({@code app.3f2a1b4c.js}) a year, anything else five minutes. In a pattern {@code *} matches within a
     * folder, {@code **} across folders, {@code {a,b}} either; a pattern without {@code /} matches a file
     * name in any folder, one starting with {@code /} is anchored at the site's root.</li>
     * </ul>
     */
    @Parameter
    private Blocks.Sync sync;

    @Override
    protected void configure(SettingsValidator validator) {
        super.configure(validator);
        validator.siteDirectory(siteDirectory.toPath()).indexExample(indexExample);
    }

    @Override
    protected void configure(ContentSettingsValidator validator) {
        super.configure(validator);
        Blocks.Sync block = sync != null ? sync : new Blocks.Sync();
        validator.delete(orProperty(block.delete, Blocks.SYNC_PROPERTY + "delete", Boolean::valueOf))
                .maxDeletes(text(block.maxDeletes, Blocks.SYNC_PROPERTY + "maxDeletes"))
                .allowDeletes(orProperty(block.allowDeletes, Blocks.SYNC_PROPERTY + "allowDeletes", Boolean::valueOf))
                .concurrency(text(block.concurrency, Blocks.SYNC_PROPERTY + "concurrency"))
                .cacheControl(cacheRules(block));
    }
}
