<?xml version="1.0" encoding="UTF-8"?>
<!--
  The header's bell (imported by layout.xsl): a link to /notifications
  with the caller's unread count from /atrium/bell/@unread, and a link
  to the caller's own /account.  A brand overrides the named template
  "bell".
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="base" select="''"/>

  <xsl:template name="bell">
    <xsl:if test="/atrium/bell">
      <xsl:variable name="n" select="number(/atrium/bell/@unread)"/>
      <a class="bell" href="{$base}/notifications">
        <xsl:if test="$n &gt; 0">
          <xsl:attribute name="class">bell bell-unread</xsl:attribute>
        </xsl:if>
        <span class="bell-icon" aria-hidden="true">&#x1F514;</span>
        <span class="bell-label">Notifications</span>
        <xsl:if test="$n &gt; 0">
          <xsl:text> </xsl:text>
          <span class="bell-count"><xsl:value-of select="$n"/></span>
          <span class="visually-hidden"> unread</span>
        </xsl:if>
      </a>
      <xsl:text> </xsl:text>
      <a class="account-link" href="{$base}/account">Your account</a>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
