<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!-- Search over what every module offers (its search providers). -->
  <xsl:template match="content" mode="page">
    <h1>Search</h1>
    <form method="get" action="{$base}/search" class="filter" role="search" aria-label="Search results">
      <div class="ctl">
        <label for="f-search-q">Search for</label>
        <input id="f-search-q" type="search" name="q" value="{search/@q}"/>
      </div>
      <button type="submit">Search</button>
    </form>
    <xsl:if test="search/@error"><p class="error" role="alert"><xsl:value-of select="search/@error"/></p></xsl:if>
    <xsl:choose>
      <xsl:when test="results/result">
        <ol class="results">
          <xsl:for-each select="results/result">
            <li>
              <span class="badge badge-{kind}">
                <xsl:choose>
                  <xsl:when test="label"><xsl:value-of select="label"/></xsl:when>
                  <xsl:when test="kind = 'project'">Project</xsl:when>
                  <xsl:when test="kind = 'update'">Update</xsl:when>
                  <xsl:when test="kind = 'file'">File</xsl:when>
                  <xsl:otherwise>Decision</xsl:otherwise>
                </xsl:choose>
              </span>
              <xsl:text> </xsl:text>
              <a href="{$base}{href}"><xsl:value-of select="title"/></a>
              <xsl:text> </xsl:text>
              <xsl:call-template name="hs-visibility"><xsl:with-param name="visible" select="visible"/></xsl:call-template>
              <xsl:if test="kind != 'project' and project"><span class="small"> in <xsl:value-of select="project"/></span></xsl:if>
              <xsl:if test="snippet != '' and kind != 'file'"><p class="small"><xsl:value-of select="snippet"/><xsl:if test="string-length(snippet) &gt;= 240">…</xsl:if></p></xsl:if>
            </li>
          </xsl:for-each>
        </ol>
      </xsl:when>
      <xsl:when test="search/@terms">
        <p class="empty">Nothing found for “<xsl:value-of select="search/@q"/>”.</p>
      </xsl:when>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
