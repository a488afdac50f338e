<?xml version="1.0" encoding="UTF-8"?>
<!--
  "What changed since your last visit" (imported by layout.xsl).  The
  navigation items of lists carry @new (how many items were added or
  changed since the person last opened that list); list rows carry
  <changed>new</changed> or <changed>updated</changed>.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="base" select="''"/>

  <!-- Inside a navigation link: the count of changes, if any. -->
  <xsl:template name="nav-new">
    <xsl:if test="@new &gt; 0">
      <xsl:text> </xsl:text>
      <span class="nav-new"><xsl:value-of select="@new"/><span class="visually-hidden"> new or changed</span></span>
    </xsl:if>
  </xsl:template>

  <!-- A row's mark: changed is 'new', 'updated' or empty. -->
  <xsl:template name="changed-mark">
    <xsl:param name="changed" select="changed"/>
    <xsl:choose>
      <xsl:when test="$changed = 'new'"><xsl:text> </xsl:text><span class="badge badge-new mark-new">New</span></xsl:when>
      <xsl:when test="$changed = 'updated'"><xsl:text> </xsl:text><span class="badge badge-updated mark-updated">Updated</span></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- The dashboard's summary of what changed, from the navigation's counts. -->
  <xsl:template name="changes-summary">
    <xsl:variable name="items" select="/atrium/nav/item[@new &gt; 0]"/>
    <section class="changes" aria-labelledby="changes-h">
      <h2 id="changes-h">Since your last visit</h2>
      <xsl:choose>
        <xsl:when test="$items">
          <ul class="changes-list">
            <xsl:for-each select="$items">
              <li><a href="{$base}{@href}"><xsl:value-of select="@label"/></a>:
                <xsl:value-of select="@new"/>
                <xsl:choose>
                  <xsl:when test="@new = 1"> item new or changed</xsl:when>
                  <xsl:otherwise> items new or changed</xsl:otherwise>
                </xsl:choose>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><p class="empty">Nothing new since your last visit.</p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>
</xsl:stylesheet>
